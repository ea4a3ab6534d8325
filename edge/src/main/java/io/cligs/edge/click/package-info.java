/** Click events: what the redirect path records for every redirect it serves, and where it hands them. */
package io.cligs.edge.click;
