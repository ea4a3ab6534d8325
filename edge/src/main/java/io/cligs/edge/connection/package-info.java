/**
 * Client connections of the redirect server, below the HTTP request: the connection cap, the
 * request-head deadline for slow clients, and the byte-level checks Netty's decoder cannot make
 * (an obs-folded header line, a second {@code Host}), each refused with {@code 400} (issue 8).
 */
package io.cligs.edge.connection;
