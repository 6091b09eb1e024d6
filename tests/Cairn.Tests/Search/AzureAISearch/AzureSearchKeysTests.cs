using System.Text.RegularExpressions;
using Cairn.Search;
using Cairn.Search.AzureAISearch;

namespace Cairn.Tests.Search.AzureAISearch;

[Trait("Storage", "None")]
public sealed partial class AzureSearchKeysTests
{
    [Theory]
    [InlineData("experience:3f2a9c1b-0000-4000-8000-000000000001")]
    [InlineData("session:x")]
    [InlineData("a/b?c=d&e#f g")]
    [InlineData("日本語:🚀")]
    [InlineData("_leading-underscore")]
    [InlineData("\u00ff\u00fe")]
    public void AKeyIsReversibleAndUsesOnlyAllowedCharacters(string id)
    {
        var key = AzureSearchKeys.Encode(id);

        Assert.Matches(AllowedKey(), key);
        Assert.Equal(id, AzureSearchKeys.Decode(key));
    }

    [Fact]
    public void DifferentIdsNeverShareAKey() =>
        Assert.NotEqual(AzureSearchKeys.Encode("experience:a"), AzureSearchKeys.Encode("experience-a"));

    [Fact]
    public void TheLongestIdStillFitsAzuresKeyLimit()
    {
        // Three UTF-8 bytes per character is the worst case per UTF-16 unit.
        var id = new string('\u20ac', SearchFields.MaxIdLength);

        Assert.True(AzureSearchKeys.Encode(id).Length <= 1024);
    }

    [Fact]
    public void AnIdWithALoneSurrogateIsRefused() =>
        Assert.Throws<InvalidSearchInputException>(() => AzureSearchKeys.Encode("bad\uD800id"));

    // Letters, digits, '-', '_', '='; never a leading '_' (Azure's naming rules for document keys).
    [GeneratedRegex("^[A-Za-z0-9=-][A-Za-z0-9_=-]*$")]
    private static partial Regex AllowedKey();
}
