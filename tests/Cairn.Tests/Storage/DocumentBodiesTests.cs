using System.Text;
using System.Text.Json;
using Cairn.Storage;

namespace Cairn.Tests.Storage;

[Trait("Storage", "None")]
public sealed class DocumentBodiesTests
{
    [Theory]
    [InlineData("plain", false)]
    [InlineData("nul \u0000 here", true)]
    [InlineData("a literal backslash-u0000: \\u0000", false)]
    [InlineData("two backslashes then nul: \\\\\u0000", true)]
    public void ANulIsFoundOnlyWhereTheJsonReallyEscapesOne(string text, bool expected)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new { text });

        Assert.Equal(expected, DocumentBodies.ContainsNul(json));
    }

    [Fact]
    public void AnEscapedBackslashBeforeU0000IsNotANul()
    {
        Assert.False(DocumentBodies.ContainsNul(Encoding.UTF8.GetBytes("""{"a":"\\u0000"}""")));
        Assert.True(DocumentBodies.ContainsNul(Encoding.UTF8.GetBytes("""{"a":"\\\u0000"}""")));
    }
}
