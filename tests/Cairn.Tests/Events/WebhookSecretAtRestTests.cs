using System.Net;
using System.Text.Json.Nodes;
using Cairn.Events.Webhooks;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Events;

/// <summary>Webhook signing secrets are stored sealed with the app's key ring; plain rows from before keep signing; keys rotate as the clipboard's do.</summary>
public sealed class WebhookSecretAtRestTests(WebhookAppFixture fixture) : IClassFixture<WebhookAppFixture>, IAsyncLifetime
{
    private static readonly string KeyTwo = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray());

    private CairnApp App => fixture.App;
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    [Fact]
    public async Task TheStoredWebhookHoldsOnlyTheSealedSecretAndDeliveriesStillVerify()
    {
        var (ownerId, key, _) = await App.RegisterAsync();
        var (hookId, secret) = await App.SubscribeAsync(key, _receiver.Url, ["cairn.session.opened"]);

        var stored = await StoredAsync(App, ownerId, hookId);
        await App.OpenSessionAsync(key, "Sealed secret delivery");
        await fixture.DispatchAsync();
        var received = await _receiver.NextAsync();

        var text = stored.ToJsonString();
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], text, StringComparison.Ordinal);
        Assert.Null(stored["secret"]);
        Assert.Equal("test", stored["sealed_secret"].Str("key_id"));
        Assert.True(received.SignedWith(secret), $"The signature must verify: {received.Headers["webhook-signature"]}");
        var rotated = (await (await App.Client(key).PostAsync($"/api/v1/webhooks/{hookId}/rotate-secret", null)).JsonAsync(HttpStatusCode.OK)).Str("secret");
        Assert.DoesNotContain(rotated["whsec_".Length..], (await StoredAsync(App, ownerId, hookId)).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlainSecretStoredBeforeSealingStillSignsUntilItIsRotated()
    {
        var (ownerId, key, _) = await App.RegisterAsync();
        var (hookId, _) = await App.SubscribeAsync(key, _receiver.Url, ["cairn.session.opened"]);
        var plain = WebhookRules.NewSecret();
        var store = App.Services.GetRequiredService<IDocumentStore>();
        var document = (await store.ReadAsync<JsonObject>(Containers.Webhooks, ownerId, hookId, CancellationToken.None))!;
        var legacy = document.Body.DeepClone().AsObject();
        legacy["secret"] = plain;
        legacy.Remove("sealed_secret");
        await store.ReplaceAsync(Containers.Webhooks, ownerId, hookId, legacy, document.ETag, null, CancellationToken.None);

        await App.OpenSessionAsync(key, "Plain secret delivery");
        await fixture.DispatchAsync();
        var beforeRotation = await _receiver.NextAsync();
        var rotated = (await (await App.Client(key).PostAsync($"/api/v1/webhooks/{hookId}/rotate-secret", null)).JsonAsync(HttpStatusCode.OK)).Str("secret");
        await App.OpenSessionAsync(key, "After rotation");
        await fixture.DispatchAsync();
        var afterRotation = await _receiver.NextAsync();

        Assert.True(beforeRotation.SignedWith(plain));
        Assert.True(afterRotation.SignedWith(rotated));
        var stored = await StoredAsync(App, ownerId, hookId);
        Assert.Null(stored["secret"]);
        Assert.DoesNotContain(plain, stored.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterAKeyRotationOldSecretsStillSignAndNewOnesAreSealedWithTheNewKey()
    {
        var (ownerId, key, _) = await App.RegisterAsync();
        var (oldHook, oldSecret) = await App.SubscribeAsync(key, _receiver.Url, ["cairn.session.opened"]);
        await using var rotatedApp = new CairnApp(fixture.Database, Settings($"test={CairnApp.TestClipboardKey};k2={KeyTwo}"), fixture.Clock);

        var (newHook, newSecret) = await rotatedApp.SubscribeAsync(key, _receiver.Url, ["cairn.session.opened"]);
        await rotatedApp.OpenSessionAsync(key, "Delivered after a key rotation");
        await DispatchAsync(rotatedApp);
        var received = new[] { await _receiver.NextAsync(), await _receiver.NextAsync() };

        Assert.Equal("test", (await StoredAsync(rotatedApp, ownerId, oldHook))["sealed_secret"].Str("key_id"));
        Assert.Equal("k2", (await StoredAsync(rotatedApp, ownerId, newHook))["sealed_secret"].Str("key_id"));
        Assert.Single(received, r => r.SignedWith(oldSecret));
        Assert.Single(received, r => r.SignedWith(newSecret));
    }

    [Fact]
    public async Task ASecretWhoseKeyWasRemovedFailsTheAttemptInsteadOfSendingUnsigned()
    {
        var (_, key, _) = await App.RegisterAsync();
        var (hookId, _) = await App.SubscribeAsync(key, _receiver.Url, ["cairn.session.opened"]);
        await using var withoutKey = new CairnApp(fixture.Database, Settings($"k2={KeyTwo}"), fixture.Clock);

        await withoutKey.OpenSessionAsync(key, "No key to sign with");
        await DispatchAsync(withoutKey);

        var attempt = (await withoutKey.DeliveriesAsync(key, hookId)).Single()!["attempts"]!.AsArray().Single()!;
        Assert.Null(attempt["status_code"]);
        Assert.Contains("'test'", attempt.Str("error"), StringComparison.Ordinal);
        Assert.Equal(0, _receiver.Count);
    }

    private static Dictionary<string, string?> Settings(string keyRing) => new()
    {
        ["Cairn:Clipboard:EncryptionKeys"] = keyRing,
        ["Cairn:Webhooks:AllowPrivateNetworks"] = "true",
        ["Cairn:Webhooks:BackgroundDispatch"] = "false",
    };

    private static async Task DispatchAsync(CairnApp app) =>
        await app.Services.GetRequiredService<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None);

    private static async Task<JsonObject> StoredAsync(CairnApp app, string ownerId, string hookId) =>
        (await app.Services.GetRequiredService<IDocumentStore>().ReadAsync<JsonObject>(Containers.Webhooks, ownerId, hookId, CancellationToken.None))!.Body;
}
