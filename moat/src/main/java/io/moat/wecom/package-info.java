/**
 * The WeCom adapter, the only module that speaks WeCom's wire formats: the API client on WxJava (token cache
 * per app, retries, a quota governor for WeCom's per-API limits), the callback endpoint (signature check, AES
 * decryption, replay guard, an inbox with a unique key, fast acknowledgement, asynchronous processing into
 * domain events), and the sync of departments, staff, customers, corp tags and groups. Depends on nothing but
 * the kernel and workspaces.
 *
 * <p>Not built yet: the package holds its place in the module graph.
 */
@ApplicationModule(displayName = "WeCom adapter")
@NullMarked
package io.moat.wecom;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
