package io.moat.workspace.internal;

/** Someone who signs in to the console. */
public record Account(
        long id,
        String username,
        String displayName,
        String passwordHash,
        boolean platformAdmin,
        boolean mustChangePassword,
        boolean disabled) {}
