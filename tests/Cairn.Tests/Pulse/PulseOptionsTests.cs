using Cairn.Pulse;
using Cairn.Pulse.WebPubSub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Pulse;

[Trait("Storage", "None")]
public sealed class PulseOptionsTests
{
    [Theory]
    [InlineData("AzureWebPubSub", null, null, "cairn", "set exactly one of")]
    [InlineData("AzureWebPubSub", "Endpoint=https://x.webpubsub.azure.com;AccessKey=" + Jwt.AccessKey, "https://x.webpubsub.azure.com", "cairn", "set exactly one of")]
    [InlineData("AzureWebPubSub", "Endpoint=x.webpubsub.azure.com;AccessKey=" + Jwt.AccessKey, null, "cairn", "Endpoint= must be an absolute")]
    [InlineData("AzureWebPubSub", "Endpoint=https://x.webpubsub.azure.com;AccessKey=short", null, "cairn", "AccessKey= is required")]
    [InlineData("AzureWebPubSub", null, "not a url", "cairn", "Cairn:Pulse:Endpoint must be")]
    [InlineData("Local", null, null, "9lives", "Cairn:Pulse:Hub must start with a letter")]
    [InlineData("Local", null, null, "cairn", "TokenLifetime", "00:00:10")]
    [InlineData("Carrier pigeon", null, null, "cairn", "Provider")]
    public async Task APulseSettingTheProviderCannotUseStopsStartUpNamingTheSetting(
        string provider, string? connectionString, string? endpoint, string hub, string expected, string tokenLifetime = "01:00:00")
    {
        // A plain host with AddPulse: WebApplicationFactory sometimes reports a failed start as ObjectDisposedException.
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cairn:Pulse:Provider"] = provider,
            ["Cairn:Pulse:ConnectionString"] = connectionString,
            ["Cairn:Pulse:Endpoint"] = endpoint,
            ["Cairn:Pulse:Hub"] = hub,
            ["Cairn:Pulse:TokenLifetime"] = tokenLifetime,
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddPulse();
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.True(error.ToString().Contains(expected, StringComparison.Ordinal), error.ToString());
    }

    [Theory]
    [InlineData("Endpoint=https://x.webpubsub.azure.com;AccessKey=" + Jwt.AccessKey + ";Version=1.0;", "https://x.webpubsub.azure.com/")]
    [InlineData(" endpoint = https://x.webpubsub.azure.com/ ; accesskey=" + Jwt.AccessKey, "https://x.webpubsub.azure.com/")]
    [InlineData("Endpoint=http://localhost;Port=8080;AccessKey=" + Jwt.AccessKey + ";Version=1.0;", "http://localhost:8080/")]
    public void ConnectionStringsReadAsTheServiceSdksReadThem(string text, string endpoint)
    {
        Assert.True(WebPubSubConnectionString.TryParse(text, out var parsed, out var error), error);

        Assert.Equal(endpoint, parsed.Endpoint.ToString());
        Assert.Equal(Jwt.AccessKey, parsed.AccessKey);
        Assert.DoesNotContain(Jwt.AccessKey, parsed.ToString());
    }

    [Theory]
    [InlineData("AccessKey=" + Jwt.AccessKey)]
    [InlineData("Endpoint=https://x.webpubsub.azure.com")]
    [InlineData("Endpoint=https://x.webpubsub.azure.com;Endpoint=https://y;AccessKey=" + Jwt.AccessKey)]
    [InlineData("Endpoint=https://x.webpubsub.azure.com;Port=99999;AccessKey=" + Jwt.AccessKey)]
    [InlineData("just text")]
    public void BrokenConnectionStringsAreRefusedWithAReason(string text)
    {
        Assert.False(WebPubSubConnectionString.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void TheValidatorAcceptsTheDefaults()
    {
        Assert.True(new PulseOptionsValidator().Validate(null, new PulseOptions()).Succeeded);
    }
}
