/** Cligs: create (generated or custom slug), list, read, edit, disable, delete, Right Clig rules, history; all through the store's link write. */
package io.cligs.admin.link;
