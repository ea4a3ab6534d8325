/** The redirect server's HTTP side: the verticle, its router and handlers, and the problem bodies they send. */
package io.cligs.edge.redirect;
