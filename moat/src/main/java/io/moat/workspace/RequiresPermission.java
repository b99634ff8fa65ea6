package io.moat.workspace;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission a workspace endpoint needs. Every handler under {@code /api/v1/workspaces/{slug}} must carry
 * one; a handler without it is refused, so a forgotten annotation fails closed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresPermission {
    Permission value();
}
