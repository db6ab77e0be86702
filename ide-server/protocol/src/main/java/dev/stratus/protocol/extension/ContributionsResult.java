package dev.stratus.protocol.extension;

import java.util.List;

/**
 * What the extensions that are not failed contribute to the browser.
 *
 * @param commands commands of the palette
 * @param settings settings of the Settings view, with the caller's values
 * @param frontends browser modules to load
 * @param tools AI tools registered by active extensions
 */
public record ContributionsResult(List<CommandInfo> commands, List<SettingInfo> settings, List<FrontendInfo> frontends,
                                  List<ToolInfo> tools) {
}
