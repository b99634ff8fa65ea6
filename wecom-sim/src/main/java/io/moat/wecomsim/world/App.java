package io.moat.wecomsim.world;

/** The corp's self-built app: its agentid and the secret gettoken accepts. */
public record App(long agentId, String secret) {}
