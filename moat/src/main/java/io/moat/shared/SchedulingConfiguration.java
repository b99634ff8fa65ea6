package io.moat.shared;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Background work (inbox sweeps, reconciliation); {@code moat.scheduling.enabled=false} turns it off. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "moat.scheduling.enabled", havingValue = "true", matchIfMissing = true)
class SchedulingConfiguration {}
