namespace Cairn.Admin;

public sealed class AdminOptions
{
    public const string Section = "Cairn:Admin";

    public const int MinimumKeyLength = 32;

    // The shared secret for /api/v1/admin/*, sent as X-Admin-Key. Unset: the admin endpoints do not exist (404).
    public string? ApiKey { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ApiKey);
}
