/** Countries: ISO 3166-1 codes and the GeoIP2 Country database compiled into a range table. */
package io.cligs.core.geo;
