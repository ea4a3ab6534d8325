/** API keys as stored: the SHA-256 of the key and a visible prefix, never the key itself. */
package io.cligs.core.apikey;
