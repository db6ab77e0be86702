package dev.stratus.ai.model;

/**
 * Whether and which tool the model must call.
 *
 * @param mode {@code auto} (the model decides), {@code none} (no call), {@code required} (some
 *     call) or {@code function} (a call of {@code function})
 * @param function the tool to call when {@code mode} is {@code function}, else null
 */
public record ToolChoice(String mode, String function) {
    public static final ToolChoice AUTO = new ToolChoice("auto", null);
    public static final ToolChoice NONE = new ToolChoice("none", null);
    public static final ToolChoice REQUIRED = new ToolChoice("required", null);

    public ToolChoice {
        switch (mode) {
            case "auto", "none", "required" -> {
                if (function != null) {
                    throw new IllegalArgumentException("only mode function names a function");
                }
            }
            case "function" -> {
                if (function == null || function.isEmpty()) {
                    throw new IllegalArgumentException("mode function needs the function's name");
                }
            }
            default -> throw new IllegalArgumentException("mode is auto, none, required or function: " + mode);
        }
    }

    /** A call of the tool named {@code name}. */
    public static ToolChoice function(String name) {
        return new ToolChoice("function", name);
    }
}
