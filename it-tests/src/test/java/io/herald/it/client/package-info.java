/** herald-client against the real WAR on Payara Micro, through a proxy the tests control. */
package io.herald.it.client;
