using System.Text.Json.Nodes;
using Cairn.Jobs;
using Cairn.Tests.Support;

namespace Cairn.Tests.Jobs;

[Trait("Storage", "None")]
public sealed class FunctionManifestTests
{
    [Fact]
    public void EachJobBecomesATimerTriggerFunctionNamedAfterIt()
    {
        var directory = Directory.CreateTempSubdirectory("cairn-functions-").FullName;
        try
        {
            var written = FunctionManifests.Write(directory, [new JobDefinition("nightly", "0  0 3 * * *", typeof(ProbeJob)), new JobDefinition("hourly", "0 0 * * * *", typeof(ProbeJob))]);

            Assert.Equal([Path.Combine(directory, "hourly", "function.json"), Path.Combine(directory, "nightly", "function.json")], written);
            var binding = Assert.Single(JsonNode.Parse(File.ReadAllText(written[1]))!["bindings"]!.AsArray())!;
            Assert.Equal("""{"name":"timer","type":"timerTrigger","direction":"in","schedule":"0 0 3 * * *","runOnStartup":false}""", binding.ToJsonString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void AJobNeverOverwritesAnotherKindOfFunction()
    {
        var directory = Directory.CreateTempSubdirectory("cairn-functions-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "http"));
            File.WriteAllText(Path.Combine(directory, "http", "function.json"), """{"bindings":[{"type":"httpTrigger"}]}""");

            var error = Assert.Throws<InvalidOperationException>(() => FunctionManifests.Write(directory, [new JobDefinition("http", "0 0 * * * *", typeof(ProbeJob))]));

            Assert.Contains("would overwrite the function", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ThePackageHoldsATimerFunctionForEveryRegisteredJob()
    {
        var package = await Package.DirectoryAsync();

        var binding = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(package, "rate-limit-cleanup", "function.json")))!["bindings"]![0]!;

        Assert.Equal("timerTrigger", binding.Str("type"));
        Assert.Equal("timer", binding.Str("name"));
        Assert.Equal("0 */5 * * * *", binding.Str("schedule"));
    }

    [Theory]
    [InlineData("", "not a valid job name")]
    [InlineData("9lives", "not a valid job name")]
    [InlineData("has space", "not a valid job name")]
    [InlineData("ok-name", "six space-separated fields")]
    public void AJobDefinitionRejectsBadNamesAndSchedulesAtRegistration(string name, string message)
    {
        var error = Assert.ThrowsAny<Exception>(() => new JobDefinition(name, "0 0 * * *", typeof(ProbeJob)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoJobsCannotShareANameEvenInAnotherCase()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddJob<ProbeJob>("cleanup", "0 0 * * * *");

        var error = Assert.Throws<InvalidOperationException>(() => services.AddJob<ProbeJob>("Cleanup", "0 0 0 * * *"));

        Assert.Contains("already registered", error.Message, StringComparison.Ordinal);
    }
}
