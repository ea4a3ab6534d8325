/** IP address literals and CIDR networks, parsed without DNS. */
package io.cligs.core.net;
