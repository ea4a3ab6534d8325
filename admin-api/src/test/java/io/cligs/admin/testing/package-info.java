/** Test fixtures: the admin API in-process over the test's database and Redis prefix, a movable clock. */
package io.cligs.admin.testing;
