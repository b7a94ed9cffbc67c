# Autograd: gradients of a small expression, torch.autograd.grad, no_grad.
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
w = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]], requires_grad=True)
y = torch.tanh(w @ x).pow(2).sum()
y.backward()
print(round(y.item(), 6))
print(x.grad)
print(w.grad)
z = (x * x).sum()
(g,) = torch.autograd.grad(z, [x], create_graph=True)
print(g)
(h,) = torch.autograd.grad(g.sum(), [x])
print(h)
with torch.no_grad():
    q = x * 2
print(q.requires_grad, q)
v = x.detach().clone()
v[1] = 10.0
print(v, x)
