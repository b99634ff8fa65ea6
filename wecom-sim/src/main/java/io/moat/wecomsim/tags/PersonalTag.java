package io.moat.wecomsim.tags;

/** A tag a member gives a customer for themselves (个人标签): no id, seen only in that member's follow_user. */
public record PersonalTag(String groupName, String tagName) {}
