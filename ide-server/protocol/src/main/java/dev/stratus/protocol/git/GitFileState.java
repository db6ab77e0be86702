package dev.stratus.protocol.git;

import com.google.gson.annotations.SerializedName;

/** State of a path on one side of a comparison. */
public enum GitFileState {
    /** No change on this side. */
    @SerializedName("unmodified") UNMODIFIED,
    /** Content or mode changed. */
    @SerializedName("modified") MODIFIED,
    /** New on this side. */
    @SerializedName("added") ADDED,
    /** Removed on this side. */
    @SerializedName("deleted") DELETED,
    /** Renamed (see {@link GitFileStatus#originalPath()}). */
    @SerializedName("renamed") RENAMED,
    /** Not tracked by git. */
    @SerializedName("untracked") UNTRACKED,
    /** Unmerged: both sides changed it in a merge, pull or stash apply. */
    @SerializedName("conflicted") CONFLICTED
}
