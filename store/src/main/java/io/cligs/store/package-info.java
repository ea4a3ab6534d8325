/**
 * The one data layer over MySQL and Redis, between {@code core} (pure rules) and the runnable modules
 * (edge, loader, admin-api). Everything here speaks through the Vert.x clients and returns
 * {@link io.vertx.core.Future}s; every remote call has its own timeout. {@link io.cligs.store.Backends}
 * builds the clients from core's settings. See docs/adr/0008-one-data-layer.md.
 */
package io.cligs.store;
