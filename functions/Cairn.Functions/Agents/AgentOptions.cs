namespace Cairn.Agents;

public sealed class AgentOptions
{
    public const string Section = "Cairn:Agents";

    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int RegistrationsPerHour { get; set; } = 5;

    // Secret mixed into API key hashes; keep it out of the database (Key Vault in Azure). Changing it invalidates every
    // key.
    public string ApiKeyPepper { get; set; } = "";
}
