using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FlowRuns.Tests.Support;

namespace FlowRuns.Tests.Web.Api.Hostile;

/// <summary>The attacker's requests from the review, each a 400 problem naming the field, with nothing stored.</summary>
public class HostileRequestTests : ApiScope
{
    public static readonly TheoryData<string, string, string> BodyOperations = new()
    {
        { "POST", "/api/flows/loan-approval/runs", """{"contactId":"c-17","data":{"amount":1}}""" },
        { "POST", "/api/events", """{"contactId":"c-17","name":"card.viewed","properties":{"x":1}}""" },
        { "PUT", "/api/contacts/c-99", """{"name":"Zoe","attributes":{"tier":"gold"}}""" },
        { "POST", "/api/runs/{run}/replay", """{"data":{"amount":1}}""" },
        { "POST", "/api/flows", """{"key":"tiny","name":"Tiny","trigger":{"type":"api"},"nodes":[{"id":"start","type":"trigger"},{"id":"done","type":"end"}],"edges":[{"from":"start","to":"done"}]}""" },
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PutAsync("/api/contacts/c-17", new { name = "Ana", attributes = new { firstName = "Ana", customerSegment = "premium", employmentStatus = "employed", creditLimit = 10000 } });
    }

    [Theory]
    [MemberData(nameof(BodyOperations))]
    public async Task TheValidBody_IsAccepted(string method, string url, string body)
    {
        var (status, answer) = await SendRawAsync(method, await UrlAsync(url), Encoding.UTF8.GetBytes(body));
        Assert.True(status is >= 200 and < 300, $"{method} {url} answered {status}: {answer}");
    }

    [Theory]
    [MemberData(nameof(BodyOperations))]
    public async Task ADuplicateKey_Is400NamingIt_AndNothingIsStored(string method, string url, string body)
    {
        // The first member again, with another value: {"a":1, ..., "a":2}
        var first = body[1..body.IndexOf(':')];
        var duplicated = body[..^1] + "," + first + ":null}";
        await AssertRefusedAsync(method, url, Encoding.UTF8.GetBytes(duplicated), first.Trim('"'));
    }

    [Theory]
    [MemberData(nameof(BodyOperations))]
    public async Task InvalidUtf8_Is400_AndNothingIsStored(string method, string url, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body).ToList();
        var quote = bytes.IndexOf((byte)'"', 2); // inside the first member name's string
        bytes.InsertRange(quote, new byte[] { 0xC3, 0x28, 0xFF });
        await AssertRefusedAsync(method, url, bytes.ToArray(), "$");
    }

    [Theory]
    [InlineData("POST", "/api/flows/loan-approval/runs", """{"contactId":"c-17","data":{"amount":1e29}}""", "data.amount")]
    [InlineData("POST", "/api/events", """{"contactId":"c-17","name":"card.viewed","properties":{"x":-1E400}}""", "properties.x")]
    [InlineData("PUT", "/api/contacts/c-99", """{"name":"Zoe","attributes":{"limit":100000000000000000000000000000}}""", "attributes.limit")]
    [InlineData("POST", "/api/runs/{run}/replay", """{"data":{"n":[1,2,3e30]}}""", "data.n[2]")]
    public async Task ANumberOutOfRange_Is400NamingIt(string method, string url, string body, string field) =>
        await AssertRefusedAsync(method, url, Encoding.UTF8.GetBytes(body), field);

    [Theory]
    [InlineData("POST", "/api/flows/loan-approval/runs", """{"contactId":"c-17","data":{"name":"\ud800x"}}""", "data.name")]
    [InlineData("POST", "/api/events", """{"contactId":"c-17","name":"card.viewed","properties":{"p":"a\udc00"}}""", "properties.p")]
    [InlineData("PUT", "/api/contacts/c-99", """{"name":"\ud83d","attributes":{}}""", "name")]
    [InlineData("POST", "/api/flows", """{"key":"tiny","name":"T\ud800","trigger":{"type":"api"},"nodes":[],"edges":[]}""", "name")]
    public async Task ALoneSurrogate_Is400NamingIt(string method, string url, string body, string field) =>
        await AssertRefusedAsync(method, url, Encoding.UTF8.GetBytes(body), field);

    [Theory]
    [InlineData("POST", "/api/flows/loan-approval/runs", """{"contactId":"c-17","test":"true"}""", "test", "true or false")]
    [InlineData("POST", "/api/flows/loan-approval/runs", """{"contactId":17}""", "contactId", "a string")]
    [InlineData("POST", "/api/flows/loan-approval/runs", """{"contactId":"c-17","data":[1]}""", "data", "a JSON object")]
    [InlineData("POST", "/api/runs/{run}/replay", """{"version":true}""", "version", "version number")]
    [InlineData("POST", "/api/events", """{"contactId":"c-17","name":true}""", "name", "a string")]
    [InlineData("PUT", "/api/contacts/c-99", """{"name":"Zoe","attributes":"tier=gold"}""", "attributes", "a JSON object")]
    public async Task AWrongType_Is400SayingWhatBelongs_AndNothingRuns(string method, string url, string body, string field, string expected)
    {
        var answer = await AssertRefusedAsync(method, url, Encoding.UTF8.GetBytes(body), field);
        Assert.Contains(expected, answer["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnknownMember_Is400NamingIt() =>
        await AssertRefusedAsync("POST", "/api/flows/loan-approval/runs", """{"contactId":"c-17","tset":true}"""u8.ToArray(), "tset");

    [Fact]
    public async Task ReplayWithAVersionThatIsNoVersion_IsRefused_NotTreatedAsOriginal()
    {
        var answer = await AssertRefusedAsync("POST", "/api/runs/{run}/replay", """{"version":"second"}"""u8.ToArray(), "version");
        Assert.Contains("original", answer["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/flows/loan-approval?version=abc", "version")]
    [InlineData("/api/flows/loan-approval?version=99999999999999", "version")]
    [InlineData("/api/flows/loan-approval?version=-1", "version")]
    [InlineData("/api/runs?from=12/31/2026", "from")]
    [InlineData("/api/runs?to=31.12.2026", "to")]
    [InlineData("/api/runs/export.csv?from=Dec%2031%202026", "from")]
    [InlineData("/api/runs?limit=1e3", "limit")]
    [InlineData("/api/deliveries?limit=99999999999999999999", "limit")]
    public async Task ABadQueryValue_Is400NamingIt(string url, string field)
    {
        var response = await Client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 400, $"GET {url} answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonNode.Parse(text)!["errors"]?[field] is not null, $"the problem does not name '{field}': {text}");
    }

    [Theory]
    [InlineData("/api/runs?from=2026-12-31")]
    [InlineData("/api/runs?from=2026-12-31T09:00")]
    [InlineData("/api/runs?from=2026-12-31T09:00:00Z&to=2027-01-01T00:00:00.5%2B01:00")]
    public async Task AnIsoTime_IsAccepted(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.Equal(200, (int)response.StatusCode);
    }

    private async Task<string> UrlAsync(string url)
    {
        if (!url.Contains("{run}")) return url;
        var (_, started) = await PostAsync("/api/flows/loan-approval/runs", new { contactId = "c-17" });
        var id = started!["id"]!.GetValue<string>();
        await SettledRunAsync(id);
        return url.Replace("{run}", id);
    }

    private async Task<JsonNode> AssertRefusedAsync(string method, string url, byte[] body, string field)
    {
        url = await UrlAsync(url);
        var before = await StoreSnapshot.TakeAsync(App.Services);
        var (status, answer) = await SendRawAsync(method, url, body);
        Assert.True(status == 400, $"{method} {url} with {Encoding.UTF8.GetString(body)} answered {status}: {answer}");
        Assert.True(answer?["errors"]?[field] is not null, $"the problem does not name '{field}': {answer}");
        Assert.Equal(before, await StoreSnapshot.TakeAsync(App.Services));
        return answer!;
    }

    private async Task<(int Status, JsonNode? Body)> SendRawAsync(string method, string url, byte[] body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 400)
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
