/**
 * {@code loader verify EXPECT.tsv [--edge URL]}: every expected redirect (slug, visitor country,
 * status, Location) checked against the Redis link cache and, with {@code --edge}, against a
 * running edge over HTTP, playing visitors from each country through a trusted {@code X-Forwarded-For}.
 */
package io.cligs.loader.verify;
