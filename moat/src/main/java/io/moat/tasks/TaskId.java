package io.moat.tasks;

/** A task, unique within its workspace. */
public record TaskId(long value) {}
