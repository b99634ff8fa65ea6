package io.moat.shared.database;

/** How to reach the database: the owner login runs migrations, the application login does everything else. */
record DatabaseEndpoint(String url, String ownerUser, String ownerPassword, String appUser, String appPassword) {}
