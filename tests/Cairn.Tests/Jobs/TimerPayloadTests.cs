using System.Text.Json;
using Cairn.Admin;
using Cairn.Jobs;

namespace Cairn.Tests.Jobs;

[Trait("Storage", "None")]
public sealed class TimerPayloadTests
{
    [Theory]
    [InlineData("""{"Data":{"timer":{"Schedule":{},"ScheduleStatus":null,"IsPastDue":true}},"Metadata":{}}""", true)]
    [InlineData("""{"Data":{"timer":{"Schedule":{},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{}}""", false)]
    [InlineData("""{"Data":{"myTimer":{"isPastDue":true}}}""", true)]
    [InlineData("""{"data":{"timer":"{\"IsPastDue\":true}"}}""", true)]
    [InlineData("""{"Data":{"timer":"not json"}}""", false)]
    [InlineData("""{"Data":{}}""", false)]
    [InlineData("""{"Metadata":{}}""", false)]
    [InlineData("""[]""", false)]
    [InlineData("", false)]
    [InlineData("  ", false)]
    public void IsPastDueIsReadFromTheTimerBinding(string body, bool expected)
    {
        Assert.Equal(expected, TimerInvocationEndpoints.ReadIsPastDue(body));
    }

    [Fact]
    public void ABodyThatIsNotJsonIsAnError()
    {
        Assert.ThrowsAny<JsonException>(() => TimerInvocationEndpoints.ReadIsPastDue("{\"Data\":"));
    }

    [Theory]
    [InlineData("the-key", "the-key", true)]
    [InlineData("the-key", "the-kez", false)]
    [InlineData("the-key", "the-key ", false)]
    [InlineData("", "the-key", false)]
    public void TheAdminKeyComparisonIsExact(string sent, string expected, bool matches)
    {
        Assert.Equal(matches, AdminKey.Matches(sent, expected));
    }
}
