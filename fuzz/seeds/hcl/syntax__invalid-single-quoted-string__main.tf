locals {
  a = 'single'
}
