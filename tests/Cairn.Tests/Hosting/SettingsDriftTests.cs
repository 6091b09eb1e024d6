using System.Reflection;
using System.Text.Json;
using Cairn.Tests.Support;

namespace Cairn.Tests.Hosting;

// Every setting the app reads must be documented (and, in Azure, set): options classes are the source of truth.
[Trait("Storage", "None")]
public sealed class SettingsDriftTests
{
    [Fact]
    public void LocalSettingsExampleListsEverySettingTheAppReads()
    {
        var documented = DocumentedSettings();
        Assert.Contains("Cairn__Postgres__ConnectionString", SettingsTheAppReads());

        var missing = SettingsTheAppReads().Where(setting => !documented.Contains(setting)).ToList();

        Assert.True(missing.Count == 0, $"local.settings.json.example lacks: {string.Join(", ", missing)}");
    }

    // App settings names (Section__Property) of every bound options class: those with a const Section.
    public static IReadOnlyList<string> SettingsTheAppReads() =>
        typeof(Program).Assembly.GetTypes()
            .Select(type => (type, section: type.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(t => t.section is not null)
            .SelectMany(t => t.type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite)
                .Select(p => $"{t.section!.Replace(":", "__", StringComparison.Ordinal)}__{p.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static HashSet<string> DocumentedSettings()
    {
        var path = Path.Combine(Package.RepoRoot(), "local.settings.json.example");
        using var json = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return json.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }
}
