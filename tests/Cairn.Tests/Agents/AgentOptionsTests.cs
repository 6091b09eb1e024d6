using Cairn.Tests.Support;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Agents;

public sealed class AgentOptionsTests(AppFixture fixture)
{
    [Fact]
    public async Task AnUnresolvedKeyVaultReferenceAsPepperStopsStartUp()
    {
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?>
        {
            ["Cairn:Agents:ApiKeyPepper"] = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/pepper/)",
        });

        var failure = Assert.IsType<OptionsValidationException>(app.StartupFailure());

        Assert.Contains("Key Vault Secrets User", failure.Message);
    }
}
