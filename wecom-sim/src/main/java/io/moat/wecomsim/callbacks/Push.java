package io.moat.wecomsim.callbacks;

/**
 * An event ready to send: encrypted and signed when it happened, so retries and duplicates carry the very same
 * bytes, as WeCom's do.
 *
 * @param url the callback URL with msg_signature, timestamp and nonce
 * @param body the {@code <xml><ToUserName/><AgentID/><Encrypt/></xml>} envelope
 * @param duplicated whether the duplicate knob decided to deliver this push twice
 */
public record Push(long seq, CallbackEvent event, String url, String body, boolean duplicated) {}
