/** The redirect server: the verticle, its router and handlers, and the precomputed answers they send. */
package io.cligs.edge.redirect;
