package io.moat.shared.web;

import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the built console. Its routes live in the browser (history mode), so any path that is not a file, an
 * API call, an actuator endpoint or a file name (ending in a short extension) gets {@code index.html}; unknown API
 * paths and missing assets still answer 404.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleResources implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/**")
                .addResourceLocations("classpath:/static/")
                .resourceChain(true)
                .addResolver(new ConsoleRouteResolver());
    }

    private static final class ConsoleRouteResolver extends PathResourceResolver {

        // A missing asset (app.js, logo.png) is a 404; a route may still contain dots (signed link tokens).
        private static final java.util.regex.Pattern FILE = java.util.regex.Pattern.compile(".*\\.[A-Za-z0-9]{1,5}$");

        @Override
        protected @Nullable Resource getResource(String path, Resource location) throws IOException {
            Resource file = location.createRelative(path);
            if (file.exists() && file.isReadable()) {
                return file;
            }
            boolean backend = path.startsWith("api/") || path.startsWith("actuator") || path.startsWith("wecom/");
            if (backend || FILE.matcher(path).matches()) {
                return null;
            }
            Resource index = new ClassPathResource("static/index.html");
            return index.exists() ? index : null;
        }
    }
}
