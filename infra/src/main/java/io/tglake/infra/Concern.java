package io.tglake.infra;

/**
 * Marks a construct that only groups the resources of one concern ({@link RawIngest}, {@link
 * Alerts}, and the smaller constructs they are built from). Its level is left out of the logical
 * ids of the resources below it ({@link TglakeStack}), so moving a resource from one concern
 * construct into another, or splitting a concern, never changes what CloudFormation sees.
 */
interface Concern {}
