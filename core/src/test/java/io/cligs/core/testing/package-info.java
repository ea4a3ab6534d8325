/** JUnit extensions over the real local MariaDB and Redis: a database and a key prefix per test class. */
package io.cligs.core.testing;
