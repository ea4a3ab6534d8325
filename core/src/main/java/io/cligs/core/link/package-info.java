/** Short links: the {@link io.cligs.core.link.Link} record, slugs, target URLs and their Redis encoding. */
package io.cligs.core.link;
