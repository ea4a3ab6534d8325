/** The old system's public v1/v2 API (plain-text answers), kept working for old clients and old keys. */
package io.cligs.admin.legacy;
