package io.moat.wecomsim.contacts;

/** A department of the corp's directory; id 1 is the root, whose parent is 0. */
public record Department(long id, String name, long parentId, long order) {

    public static final long ROOT_ID = 1;
    public static final String ROOT_NAME = "总部";
}
