namespace Cairn.Admin;

public sealed class AdminOptions
{
    public const string Section = "Cairn:Admin";

    public const int MinimumKeyLength = 32;

    /// <summary>The shared secret for <c>/api/v1/admin/*</c>, sent as <c>X-Admin-Key</c>. Unset: the admin endpoints do not exist (404).</summary>
    public string? ApiKey { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ApiKey);
}
