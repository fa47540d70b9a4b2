/** The direct lane on Payara Micro: which requests it answers, and that its answers are the resources' own. */
package io.herald.it.direct;
