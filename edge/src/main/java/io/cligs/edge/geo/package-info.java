/** The visitor's address (trusted proxies and {@code X-Forwarded-For}) and country (GeoIP range table). */
package io.cligs.edge.geo;
