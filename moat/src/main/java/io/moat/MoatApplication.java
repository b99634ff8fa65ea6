package io.moat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/** Moat: the private-domain customer operations platform. One deployable, one package per capability. */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class MoatApplication {

    public static void main(String[] args) {
        SpringApplication.run(MoatApplication.class, args);
    }
}
