package io.moat.wecomsim.welcome;

import tools.jackson.databind.node.ObjectNode;

/**
 * 入群欢迎语素材: text (may contain %NICKNAME%) and at most one attachment, kept as given.
 *
 * @param attachment the one of image, link, miniprogram, file or video the template has, keyed by its type; empty
 *     object when there is none
 */
public record GroupWelcomeTemplate(String templateId, String text, ObjectNode attachment, boolean notifyMembers) {}
