/**
 * The send broker. Other modules ask {@link io.moat.messaging.SendBroker} to send (a deterministic idempotency key,
 * a customer or a group, a channel, content with variables and attachments, a priority, a not-before moment); the
 * broker records the request in the send log and gives it exactly one final state: sent, skipped with a reason
 * ({@link io.moat.messaging.SendReasons}: opted out, WeCom receive quota, brand cap, quiet-hours expiry, not a friend
 * any more) or failed with a reason.
 *
 * <p>Before anything goes out it checks consent (a customer who writes a stop word such as 退订 is opted out at once
 * through {@link io.moat.customers.CustomerConsent}), quiet hours in the workspace's time zone (a send is held until
 * the window opens, and skipped only if it would still be held past its hold limit), brand frequency caps per
 * customer per day and week, and WeCom's monthly receive quota per customer or group with places kept back for
 * higher priorities. Mass sends are batched per staff member into WeCom tasks ({@code add_msg_template}) which the
 * member confirms; the broker reminds members who have not confirmed (at most three times), cancels a task at its
 * deadline and hands its customers to another of their staff or fails them, and reads the per-recipient results
 * ({@code get_groupmsg_send_result}). Every step runs from the durable schedule ({@link io.moat.shared.schedule}).
 * {@link io.moat.messaging.StaffNotifications} sends app notifications to staff within WeCom's 30 a minute per
 * member; every task the {@code tasks} module assigns is announced to its assignee that way. A welcome that another
 * module must send itself within WeCom's 20-second window (a channel code's) enters the send log in its final state
 * through {@link io.moat.messaging.SendBroker#recordWelcome}, once per key.
 *
 * <p>Tables: {@code messaging.send} (the send log), {@code messaging.task} (WeCom tasks), {@code messaging.policy}
 * (quiet hours, caps, quota). Events: {@link io.moat.messaging.SendRecorded}, {@link io.moat.messaging.SendSettled}.
 */
@ApplicationModule(
        displayName = "Messaging",
        allowedDependencies = {"shared", "workspace", "wecom", "customers", "tasks"})
@NullMarked
package io.moat.messaging;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
