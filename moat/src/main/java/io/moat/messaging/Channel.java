package io.moat.messaging;

/** How a send reaches its recipient. */
public enum Channel {
    /** One to one, as a WeCom mass-send task of one of the customer's staff, which that member confirms. */
    CUSTOMER,
    /** Into a customer group, as a WeCom group mass-send task of the group's owner. */
    GROUP,
    /** The welcome message right after a customer adds a staff member (needs the add's welcome code, valid 20 s). */
    WELCOME
}
