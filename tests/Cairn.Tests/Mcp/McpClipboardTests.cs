using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Mcp;

public sealed class McpClipboardTests(AppFixture fixture)
{
    [Fact]
    public async Task EntriesWrittenOverMcpAreMarkedMcpAndThoseOverHttpSdk()
    {
        var (_, key, _) = await fixture.App.RegisterAsync();
        var client = fixture.App.Client(key);

        await client.ToolAsync("cairn_clipboard_set", new { name = "from-mcp", value = "a" });
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "from-http", value = "b" })).JsonAsync(HttpStatusCode.Created);
        var pushed = await client.ToolAsync("cairn_clipboard_push", new { value = "c" });

        Assert.Equal("mcp", (await (await client.GetAsync("/api/v1/clipboard/entry?name=from-mcp")).JsonAsync(HttpStatusCode.OK)).Str("source"));
        Assert.Equal("sdk", (await client.ToolAsync("cairn_clipboard_get", new { name = "from-http" })).Str("source"));
        Assert.Equal("mcp", pushed.Str("source"));
        Assert.Equal("mcp", (await (await client.DeleteAsync("/api/v1/clipboard/pop")).JsonAsync(HttpStatusCode.OK)).Str("source"));
    }

    [Fact]
    public async Task ASharedEntryIsReadableByAnotherAgentThroughMcpAndAPrivateOneIsNot()
    {
        var (ownerId, ownerKey, _) = await fixture.App.RegisterAsync();
        var (_, readerKey, _) = await fixture.App.RegisterAsync();
        var owner = fixture.App.Client(ownerKey);
        var reader = fixture.App.Client(readerKey);
        await owner.ToolAsync("cairn_clipboard_set", new { name = "shared", value = "for everyone", visibility = "public" });
        await owner.ToolAsync("cairn_clipboard_set", new { name = "mine", value = "for me" });

        var shared = await reader.ToolAsync("cairn_clipboard_get", new { name = "shared", owner = ownerId });
        var hidden = await reader.ToolErrorAsync("cairn_clipboard_get", new { name = "mine", owner = ownerId });
        var listed = await reader.ToolAsync("cairn_clipboard_list", new { owner = ownerId });

        Assert.Equal("for everyone", shared.Str("value"));
        Assert.Equal("not_found", (string?)hidden["code"]);
        Assert.Equal(["shared"], listed["entries"]!.AsArray().Select(e => e.Str("name")));
    }
}
