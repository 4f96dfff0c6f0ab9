# A module with a syntax error, called several times: one error, not one per instance.
module "a" {
  source = "./modules/broken"
  count  = 3
}

module "b" {
  source = "./modules/broken"
}
