# Terraform's built-in functions feeding bucket names and tags. The plan (made by Terraform
# itself) holds Terraform's results: tests compare every tag the scanner evaluates with it.

locals {
  csv   = csvdecode(file("${path.module}/envs.csv"))
  cidrs = cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)
}

resource "aws_s3_bucket" "numbers" {
  bucket = format("bg-fn-%s", substr(sha1("numbers"), 0, 8))

  tags = {
    signum   = jsonencode([signum(-13), signum(0), signum(344)])
    pow      = jsonencode([pow(3, 2), pow(4, 0.5)])
    log      = tostring(log(16, 2))
    parseint = jsonencode([parseint("FF", 16), parseint("-1010", 2), parseint("aA", 62)])
    sum      = tostring(sum([10, 13, 6, 4.5]))
    format1  = format("%-5s|%5s|%.2s|%05d|%+d|%x|%X|%#o|%b", "ab", "cd", "xyz", 42, 5, 255, 255, 8, 5)
    format2  = format("%.2f|%6.2f|%e|%.2E|%g|%g|%g", 3.14159, 3.14159, 1234.5678, 1234.5678, 1234.5678, 1e21, 0.00001)
    format3  = format("%t|%q|%v|%#v|%[1]t", true, "a\"b", [1, 2], "x")
    cidr     = jsonencode([cidrsubnet("172.16.0.0/12", 4, 2), cidrhost("10.12.112.0/20", -1), cidrnetmask("172.16.0.0/12")])
    cidrs    = jsonencode(local.cidrs)
    cidr6    = cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)
    time1    = timeadd("2024-02-28T23:00:00+01:00", "1h30m")
    time2    = formatdate("EEE, DD MMM YYYY hh:mm:ss ZZZ|HH:mmaa|'Q' ZZZZZ", "2018-01-02T23:12:01-08:00")
    time3    = tostring(timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00+01:00"))
  }
}

resource "aws_s3_bucket" "strings" {
  bucket = replace(lower("BG_FN_Strings"), "/[^a-z0-9]+/", "-")

  tags = {
    regex1     = regex("[a-z]+", "53453453.345345aaabbbccc23454")
    regex2     = jsonencode(regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01"))
    regex3     = jsonencode(regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/"))
    regex4     = jsonencode(regex("(a)?(b)", "b"))
    regexall   = jsonencode(regexall("(\\w)=(\\d)", "a=1,b=2"))
    replace    = replace("a-b", "/(a)-(?P<x>b)/", "$x-$1")
    formatlist = jsonencode(formatlist("%s, %s!", "Hi", ["Valentina", "Ander"]))
    strrev     = strrev("hello")
    contains   = tostring(strcontains("hello world", "wor"))
    template   = templatestring(local.greeting, { name = "Ander" })
    csv        = jsonencode(local.csv)
    base64     = base64encode("Hello World")
    text16     = textencodebase64("Hello World", "UTF-16LE")
    url        = urlencode("Hello World! ☃")
    sha256     = sha256("hello world")
    sha512     = sha512("hello world")
    md5        = md5("hello world")
    b64sha     = base64sha512("hello world")
    uuidv5     = uuidv5("dns", "www.terraform.io")
    filemd5    = filemd5("${path.module}/envs.csv")
    fileset    = jsonencode(fileset(path.module, "*.csv"))
    paths      = jsonencode([basename("foo/bar/baz.txt"), dirname("foo/bar/baz.txt"), dirname("baz")])
  }
}

locals {
  greeting = "Hello, $${name}!"
}

resource "aws_s3_bucket" "collections" {
  bucket = "bg-fn-collections"

  tags = {
    setproduct = jsonencode(setproduct(["development", "staging"], ["app1", "app2"]))
    chunklist  = jsonencode(chunklist(["a", "b", "c", "d", "e"], 2))
    index      = tostring(index(["a", "b", "c"], "b"))
    matchkeys  = jsonencode(matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"]))
    sets       = jsonencode([setintersection(["a", "b"], ["b", "c"]), setsubtract(["a", "b", "c"], ["a", "c"]), setunion(["b", "a"], ["c", "b"])])
    transpose  = jsonencode(transpose({ a = ["1", "2"], b = ["2", "3"] }))
    toset      = jsonencode(toset([3, 1, 2, 1]))
    flatten    = jsonencode(flatten([["a", ["b"]], [], "c"]))
  }
}
