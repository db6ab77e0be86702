package dev.stratus.protocol.fs;

import com.google.gson.annotations.SerializedName;

/** Kind of change reported by {@link FileClient#didChange}. */
public enum ChangeType {
    /** The path appeared. */
    @SerializedName("created") CREATED,
    /** The content or metadata of the path changed. */
    @SerializedName("changed") CHANGED,
    /** The path disappeared (deleted, or moved away). */
    @SerializedName("deleted") DELETED
}
