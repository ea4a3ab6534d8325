/** API keys: created (shown once, stored as SHA-256 with a visible prefix), listed, revoked; their last use kept cheaply. */
package io.cligs.admin.apikey;
