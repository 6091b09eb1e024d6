namespace Cairn.Engrams;

// Who may recall an engram of a scope, from the scope's kind.
public enum ScopeReach
{
    // user: and agent:: only the engram's owner.
    Owner,

    // workspace:{id}: members of the workspace (Workspaces/).
    Members,

    // global, org:, space:, group:, project:, command: and any other kind: every agent that names the scope. Cairn
    // keeps no registry of groups, so a group is a namespace its users share by naming it; membership-checked sharing
    // is what workspaces are for.
    Everyone,
}

// Scope conventions: kind:path (or a bare global). Narrowness orders recall, narrowest first: user/agent 0,
// group/workspace 1, project/command and unknown kinds 2, space 3, org 4, global 5.
public static class Scopes
{
    public const string Global = "global";

    public const int Broadest = 5;

    public static string Kind(string scope)
    {
        var colon = scope.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? scope : scope[..colon]).ToLowerInvariant();
    }

    public static int Rank(string scope) => Kind(scope) switch
    {
        "user" or "agent" => 0,
        "group" or "workspace" => 1,
        "space" => 3,
        "org" => 4,
        Global => Broadest,
        _ => 2,
    };

    public static ScopeReach Reach(string scope) => Kind(scope) switch
    {
        "user" or "agent" => ScopeReach.Owner,
        "workspace" => ScopeReach.Members,
        _ => ScopeReach.Everyone,
    };
}
